import FeedModel
import Foundation

/// Reads API v2 answers: a single study (`/studies/{nct}`), a list page (`/studies`, with
/// `studies`, `nextPageToken`, `totalCount`), or JSONL with one study per line.
public enum TrialDocuments {
    /// A list page: its studies, its next-page token and, on the first page, the total count.
    public struct Page: Sendable {
        public var records: [TrialRecord]
        public var nextPageToken: String?
        public var totalCount: Int?
        /// Studies in the page that could not be read (no nctId, not an object).
        public var problems: [TrialParseError]
    }

    /// Parses one JSON document: a single study or a list page.
    ///
    /// - Throws: ``TrialParseError`` when the document is not JSON or not a study or page.
    public static func parse(_ data: Data, source: String) throws(TrialParseError) -> Page {
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) } catch {
            throw TrialParseError(source: source, message: "not valid JSON (\(Self.describe(error)))")
        }
        guard let dictionary = object as? [String: Any] else {
            throw TrialParseError(source: source, message: "not a study or a list of studies (top level is not an object)")
        }
        if let studies = dictionary["studies"] as? [Any] {
            var page = Page(
                records: [], nextPageToken: (dictionary["nextPageToken"] as? String).flatMap { $0.isEmpty ? nil : $0 },
                totalCount: (dictionary["totalCount"] as? Int) ?? (dictionary["totalCount"] as? String).flatMap { Int($0) },
                problems: [])
            for (index, study) in studies.enumerated() {
                do {
                    // Writing anything but an object of finite values traps rather than throws
                    // (a `7`, a `null` or a 1e999 in the list): check first.
                    guard study is [String: Any], JSONSerialization.isValidJSONObject(study) else {
                        page.problems.append(TrialParseError(source: source, record: "studies[\(index)]", message: "not a study object"))
                        continue
                    }
                    let raw = try JSONSerialization.data(withJSONObject: study, options: [.sortedKeys])
                    page.records.append(try record(raw, source: source, label: "studies[\(index)]"))
                } catch let error as TrialParseError {
                    page.problems.append(error)
                } catch {
                    page.problems.append(TrialParseError(source: source, record: "studies[\(index)]", message: "not a study object"))
                }
            }
            return page
        }
        if let legacy = Self.legacyStudies(dictionary) {
            var page = Page(records: [], nextPageToken: nil, totalCount: nil, problems: [])
            for (index, study) in legacy.enumerated() {
                let label = legacy.count > 1 ? "FullStudies[\(index)]" : nil
                guard let trial = LegacyStudy.trial(study) else {
                    page.problems.append(TrialParseError(source: source, record: label, message: "no ProtocolSection.IdentificationModule.NCTId"))
                    continue
                }
                let raw =
                    JSONSerialization.isValidJSONObject(study)
                    ? (try? JSONSerialization.data(withJSONObject: study, options: [.sortedKeys])) ?? Data() : Data()
                page.records.append(TrialRecord(trial: trial, rawJSON: raw))
            }
            return page
        }
        if dictionary["protocolSection"] != nil {
            return Page(records: [try record(data, source: source, label: nil)], nextPageToken: nil, totalCount: nil, problems: [])
        }
        throw TrialParseError(
            source: source,
            message:
                "neither a study (protocolSection) nor a list page (studies); keys: \(dictionary.keys.sorted().prefix(5).joined(separator: ", "))")
    }

    /// Legacy `full_studies` shapes: a `FullStudiesResponse`, a `{Rank, Study}` element, or a bare `Study`.
    private static func legacyStudies(_ dictionary: [String: Any]) -> [[String: Any]]? {
        if let response = dictionary["FullStudiesResponse"] as? [String: Any] {
            return (response["FullStudies"] as? [[String: Any]] ?? []).compactMap { $0["Study"] as? [String: Any] }
        }
        if let study = dictionary["Study"] as? [String: Any], study["ProtocolSection"] != nil { return [study] }
        if dictionary["ProtocolSection"] != nil { return [dictionary] }
        return nil
    }

    /// Decodes one study from its own JSON bytes.
    public static func record(_ data: Data, source: String, label: String?) throws(TrialParseError) -> TrialRecord {
        let document: StudyDocument
        do { document = try JSONDecoder().decode(StudyDocument.self, from: data) } catch {
            throw TrialParseError(source: source, record: label, message: "not a v2 study (\(describe(error)))")
        }
        guard let trial = document.trial() else {
            let id = document.protocolSection?.identificationModule?.nctId.map { "\"\($0.prefix(40))\" " } ?? ""
            throw TrialParseError(
                source: source, record: label, message: "no valid protocolSection.identificationModule.nctId \(id)(NCT and 8 digits)")
        }
        return TrialRecord(trial: trial, rawJSON: data)
    }

    private static func describe(_ error: any Error) -> String {
        if case DecodingError.typeMismatch(_, let context) = error {
            return "wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        }
        if case DecodingError.dataCorrupted(let context) = error { return context.debugDescription }
        return (error as NSError).localizedDescription
    }
}
