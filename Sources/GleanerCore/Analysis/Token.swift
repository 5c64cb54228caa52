/// One token of analysed text: where it stands in the source bytes and its word position.
///
/// `start`/`end` are byte offsets into the UTF-8 source (used for highlighting); `position`
/// counts tokens from 0 within one field (used by phrase queries).
public struct Token: Sendable, Equatable {
    public var start: Int
    public var end: Int
    public var position: Int

    public init(start: Int, end: Int, position: Int) {
        self.start = start
        self.end = end
        self.position = position
    }
}
