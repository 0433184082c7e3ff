public import FanoutInput
import Foundation
public import Scenarios

extension Scenario {
    /// This scenario with the field at a JSON key path (`broadcasts.size_bytes`) set from text:
    /// a whole number, a decimal number, `true`/`false`, or otherwise a string. The result is
    /// decoded as strictly as a scenario file and validated; an unknown key path is an error
    /// naming it (`source` is the option it came from).
    public func setting(_ keyPath: String, to text: String, source: String) throws(InputError) -> Scenario {
        let keys = keyPath.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !keyPath.isEmpty, !keys.contains(where: \.isEmpty) else {
            throw InputError(source: source, keyPath: "", message: "'\(keyPath)' is not a scenario key path")
        }
        guard
            let object = try? JSONSerialization.jsonObject(with: RunSpec.canonicalJSON(of: self)) as? [String: Any],
            let updated = Self.replacing(keys[...], in: object, with: Self.jsonValue(text))
        else {
            throw InputError(
                source: source,
                keyPath: "",
                message:
                    "unknown scenario key path '\(keyPath)' (keys as in a scenario file, e.g. broadcasts.size_bytes)"
            )
        }
        let data: Data
        do {
            data = try JSONSerialization.data(withJSONObject: updated, options: [.sortedKeys])
        } catch {
            throw InputError(source: source, keyPath: keyPath, message: "cannot set '\(text)'")
        }
        let scenario = try ModelFile.decode(Scenario.self, from: data, source: source)
        try scenario.validate(source: source)
        return scenario
    }

    /// `object` with the value at `keys` replaced; nil when a key is not there (or not an object).
    private static func replacing(_ keys: ArraySlice<String>, in object: [String: Any], with value: Any)
        -> [String: Any]?
    {
        guard let key = keys.first, let current = object[key] else { return nil }
        var copy = object
        if keys.count == 1 {
            guard !(current is [String: Any]) else { return nil }  // a whole section is not a value
            copy[key] = value
        } else {
            guard let nested = current as? [String: Any],
                let replaced = replacing(keys.dropFirst(), in: nested, with: value)
            else { return nil }
            copy[key] = replaced
        }
        return copy
    }

    /// The JSON value `text` stands for.
    private static func jsonValue(_ text: String) -> Any {
        if let whole = Int(text) { return whole }
        if let number = DecimalText.parse(text) { return number }
        if text == "true" { return true }
        if text == "false" { return false }
        return text
    }
}
