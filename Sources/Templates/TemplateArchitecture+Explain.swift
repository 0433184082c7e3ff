import Architectures

/// `fanout template explain`: the derived architecture, field by field with its origin.
extension TemplateArchitecture {
    /// The explanation as text: fields, routes, DynamoDB access, unsupported and unresolved items.
    public func explainText() -> String {
        let width = fields.map(\.field.count).max() ?? 0
        let valueWidth = min(fields.map(\.value.count).max() ?? 0, 24)
        var out = "Template \(source) as architecture '\(definition.name)'\n"
        out += "\nFields (architecture JSON key, value, origin):\n"
        for field in fields {
            out +=
                "  " + pad(field.field, width) + "  " + pad(field.value, valueWidth) + "  " + field.origin.description
                + "\n"
        }
        out += "\nRoutes:\n"
        for route in routes {
            out +=
                "  " + pad(route.routeKey, 12) + "  " + pad(route.function, 22) + "  " + route.origin.description + "\n"
        }
        out += "\nDynamoDB calls in the code (pattern recognition) and what IAM allows:\n"
        for entry in access {
            let calls = entry.calls.isEmpty ? "none" : entry.calls.map(\.rawValue).joined(separator: ", ")
            let allowed =
                entry.allowsAll
                ? "dynamodb:*"
                : entry.allowedActions.isEmpty
                    ? "none"
                    : entry.allowedActions.map { String($0.dropFirst("dynamodb:".count)) }.joined(separator: ", ")
            let denied =
                entry.deniedCalls.isEmpty
                ? "" : "; DENIED: " + entry.deniedCalls.map(\.iamAction).joined(separator: ", ")
            out += "  \(entry.function): calls \(calls); may call \(allowed)\(denied)\n"
        }
        out += "\nNot modelled (\(unsupported.count)):\n"
        out += unsupported.isEmpty ? "  none\n" : unsupported.map { "  \($0)\n" }.joined()
        out += "\nKnown only at deploy time (\(unresolved.count)):\n"
        out += unresolved.isEmpty ? "  none\n" : unresolved.map { "  \($0.keyPath): \($0.what)\n" }.joined()
        return out
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
