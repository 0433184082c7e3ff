import Foundation

/// What tells stored runs' scenarios apart: for each run, the `key.path=value` settings whose
/// values are not the same in every run (users aside), for `runs list`.
public enum ScenarioDifferences {
    /// One string per run, in order (empty when every scenario is the same apart from users).
    public static func of(_ runs: [StoredRun]) -> [String] {
        let flattened = runs.map { run in
            flatten((try? JSONSerialization.jsonObject(with: Data(run.scenarioJSON.utf8))) ?? [:], prefix: "")
        }
        let keys = Set(flattened.flatMap(\.keys)).subtracting(["users"]).sorted()
        let varying = keys.filter { key in Set(flattened.map { $0[key] ?? "" }).count > 1 }
        return flattened.map { settings in
            varying.map { "\($0)=\(settings[$0] ?? "")" }.joined(separator: " ")
        }
    }

    private static func flatten(_ value: Any, prefix: String) -> [String: String] {
        if let object = value as? [String: Any] {
            var out: [String: String] = [:]
            for (key, nested) in object {
                out.merge(flatten(nested, prefix: prefix.isEmpty ? key : "\(prefix).\(key)")) { first, _ in first }
            }
            return out
        }
        if let number = value as? NSNumber, !(value is Bool) { return [prefix: "\(number)"] }
        return [prefix: "\(value)"]
    }
}
