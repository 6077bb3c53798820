// FeedKit is what commands import: the layers under it come with it.
@_exported import FeedModel
@_exported import FeedSources
@_exported import FeedStore
@_exported import FeedStoreSQLite
@_exported import FeedTagging
