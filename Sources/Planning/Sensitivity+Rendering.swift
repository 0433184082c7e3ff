import TextOutput

extension SensitivityReport {
    /// Pretty-printed JSON with sorted keys, money rounded to micro-dollars: byte-identical for identical inputs.
    public func jsonText() -> String {
        var copy = self
        copy.baseTotalUSD = round6(baseTotalUSD)
        copy.rows = rows.map { row in
            var row = row
            row.defaultValue = round6(row.defaultValue)
            row.lowValue = round6(row.lowValue)
            row.highValue = round6(row.highValue)
            row.lowTotalUSD = round6(row.lowTotalUSD)
            row.highTotalUSD = round6(row.highTotalUSD)
            row.swingUSD = round6(row.swingUSD)
            return row
        }
        return stableJSON(copy)
    }

    /// The tornado table: a heading with the base, one line per assumption, largest swing first.
    public func tableText() -> String {
        var out =
            "sensitivity of \(architecture) architecture, scenario \(scenario), \(grouped(users)) users, prices \(priceSheet)\n"
        out += "base: \(money(baseTotalUSD)) per month; first limit binds at (users): \(baseFirstBinding.summary)\n"
        out +=
            "each assumption varied alone from low to high, largest swing first; \"binds at\": the fewest users at which a limit is exceeded, the first by name and \"+n\" more (bisection over \(grouped(search.minimumUsers))…\(grouped(search.maximumUsers)) users to \(grouped(search.relativePrecision * 100)) %)\n\n"
        let assumptions = Dictionary(uniqueKeysWithValues: Assumption.registry.map { ($0.key, $0) })
        let body = rows.map { row -> [String] in
            func show(_ value: Double) -> String { assumptions[row.key]?.format(value) ?? grouped(value) }
            return [
                row.key, show(row.defaultValue), show(row.lowValue), show(row.highValue), money(row.lowTotalUSD),
                money(row.highTotalUSD), money(row.swingUSD), row.lowFirstBinding.summary,
                row.highFirstBinding.summary,
            ]
        }
        out += textTable(
            header: [
                "assumption", "default", "low", "high", "total at low", "total at high", "swing", "binds at low",
                "binds at high",
            ],
            rows: body,
            rightAligned: [1, 2, 3, 4, 5, 6]
        )
        if !notVaried.isEmpty {
            out += "\nnot varied (they do not enter this stack's bill): \(notVaried.joined(separator: ", "))\n"
        }
        return out
    }

    /// One CSV line per assumption after a `base` line; first binding as status, users and limits.
    public func csvText() -> String {
        var lines = [
            [
                "key", "label", "unit", "default", "low", "high", "low_total_usd", "high_total_usd", "swing_usd",
                "low_first_binding_status", "low_first_binding_users", "low_first_binding_limits",
                "high_first_binding_status", "high_first_binding_users", "high_first_binding_limits", "reason",
            ].joined(separator: ",")
        ]
        func binding(_ b: FirstBindingUsers) -> [String] {
            [b.status.rawValue, plainNumber(b.users), b.limits.joined(separator: " ")]
        }
        let base = plainNumber(round6(baseTotalUSD))
        lines.append(
            (["base", "model files as given", "", "", "", "", base, base, "0"] + binding(baseFirstBinding)
                + binding(baseFirstBinding) + [""]).map(csvField).joined(separator: ",")
        )
        for row in rows {
            let fields =
                [
                    row.key, row.label, row.unit, plainNumber(round6(row.defaultValue)),
                    plainNumber(round6(row.lowValue)),
                    plainNumber(round6(row.highValue)), plainNumber(round6(row.lowTotalUSD)),
                    plainNumber(round6(row.highTotalUSD)), plainNumber(round6(row.swingUSD)),
                ] + binding(row.lowFirstBinding) + binding(row.highFirstBinding) + [row.reason]
            lines.append(fields.map(csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
