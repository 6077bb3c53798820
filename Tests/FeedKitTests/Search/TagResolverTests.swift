import FeedKit
import FeedKitTesting
import FeedModel
import Testing

/// What people type for `--phase` and `--type` resolves to the stored tags or is refused with the
/// names that exist: never a silent empty result.
@Suite struct TagResolverTests {
    let resolver = TagResolver(tagger: TaggingFiles.tagger)

    @Test(arguments: [
        ("P3", "P3"), ("p3", "P3"), ("3", "P3"), ("III", "P3"), ("phase 3", "P3"), ("Phase III", "P3"), ("phase-2", "P2"),
        ("1/2", "P1/2"), ("I/II", "P1/2"), ("Phase II/III", "P2/3"), ("NA", "P=N/A"), ("n/a", "P=N/A"), ("P=N/A", "P=N/A"), ("iv", "P4"),
        ("1b", "P1"), ("Ib", "P1"), ("phase IIa", "P2"), ("Ib/II", "P1/2"),
    ])
    func phaseSpellings(_ typed: String, _ tag: String) throws {
        #expect(try resolver.filters([(.phases, [typed])], ontologyPath: "x") == [TagFilter(kind: .phases, value: tag)])
    }

    @Test func unknownPhasesAreRefusedWithTheList() {
        let error = #expect(throws: TagResolver.Failure.self) { try resolver.filters([(.phases, ["P7"])], ontologyPath: "x") }
        #expect(error?.message.contains("P1, P1/2, P2, P2/3, P3, P4, P=N/A") == true)
    }

    @Test func typesMatchWhateverTheCase() throws {
        #expect(try resolver.filters([(.types, ["review"])], ontologyPath: "x") == [TagFilter(kind: .types, value: "Review")])
        #expect(try resolver.filters([(.types, ["p3 DATA"])], ontologyPath: "x") == [TagFilter(kind: .types, value: "P3 data")])
        let error = #expect(throws: TagResolver.Failure.self) { try resolver.filters([(.types, ["Reviw"])], ontologyPath: "x") }
        #expect(error?.message.contains("did you mean Review?") == true)
    }

    @Test(arguments: [
        (TagKind.alterations, "EGFR L858R", "EGFR L858R"), (.alterations, "KRAS G12C", "KRAS G12C"), (.alterations, "ER+", "ER positive"),
        (.alterations, "EGFR ex19del", "EGFR exon 19 deletion"), (.alterations, "HER2 IHC 1+", "HER-2 underexpression"),
        (.drugs, "aspirin", "aspirin"), (.drugs, "azd6738", "AZD6738"),
    ])
    func namesAsTheTaggerShowsOrReadsThem(_ kind: TagKind, _ typed: String, _ tag: String) throws {
        #expect(try resolver.filters([(kind, [typed])], ontologyPath: "x") == [TagFilter(kind: kind, value: tag)])
    }

    @Test func aNameThatIsOnlyPartlyADrugIsRefused() {
        let error = #expect(throws: TagResolver.Failure.self) { try resolver.filters([(.drugs, ["trastuzumab deruxtecn"])], ontologyPath: "x") }
        #expect(error?.message.contains("did you mean") == true)
    }
}
