/// A number from the outside world with where it came from and when it was read.
///
/// Every price, quota and AWS rule in `models/` is a `Cited` value: the bill can only be as
/// trustworthy as the sources it names.
public struct Cited<Value: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    public var value: Value
    /// URL (or document name) the value was read from.
    public var source: String
    /// ISO date (`yyyy-mm-dd`) of the page or of the reading.
    public var date: String

    public init(_ value: Value, source: String, date: String) {
        self.value = value
        self.source = source
        self.date = date
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case value, source, date
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        value = try c.decode(Value.self, forKey: .value)
        source = try c.decode(String.self, forKey: .source)
        date = try c.decode(String.self, forKey: .date)
        guard !source.isEmpty else {
            throw DecodingError.dataCorruptedError(forKey: .source, in: c, debugDescription: "a source is required")
        }
    }
}
