import Architectures
import FanoutInput

extension TemplateReader {
    /// Properties of `AWS::Lambda::Function` that the model reads or shows.
    static let functionProperties: Set<String> = [
        "Code", "Handler", "Runtime", "Role", "MemorySize", "Timeout", "Architectures", "Environment",
        "ReservedConcurrentExecutions", "FunctionName", "Description", "Tags",
    ]

    /// Each routed function's configuration (memory, timeout, architecture; runtime, reserved
    /// concurrency and environment shown), its DynamoDB calls against its IAM policies, and what its
    /// code says about lookups, batching, acknowledgements and sockets.
    mutating func readFunctions(routes: [RouteBinding]) throws(InputError) -> [FunctionAccess] {
        var access: [FunctionAccess] = []
        var code: [FunctionRole: (function: String, code: HandlerCode)] = [:]
        for role in [FunctionRole.connect, .disconnect, .sendMessage, .joinChannel, .authorizer] {
            guard let binding = routes.first(where: { $0.role == role }),
                let function = document.resource(binding.function)
            else { continue }
            let id = function.logicalID
            let p = function.properties
            let key = "functions.\(role.rawValue)"
            let base = "Resources.\(id).Properties"
            if let memory = p["MemorySize"] {
                let mb = try number(memory, at: "\(base).MemorySize", "a number of MB")
                set("\(key).memory_mb", mb, document.origin(function, "MemorySize"))
            } else {
                set("\(key).memory_mb", 128, .defaultValue("MemorySize absent; Lambda's default is 128 MB"))
            }
            if let timeout = p["Timeout"] {
                let seconds = try number(timeout, at: "\(base).Timeout", "a number of seconds")
                set("\(key).timeout_seconds", seconds, document.origin(function, "Timeout"))
            } else {
                set("\(key).timeout_seconds", 3, .defaultValue("Timeout absent; Lambda's default is 3 s"))
            }
            if let architectures = p["Architectures"] {
                let names = architectures.items.compactMap(\.text)
                guard names.count == 1, let cpu = CPUArchitecture(rawValue: names[0]) else {
                    throw fail("\(base).Architectures", "should be [x86_64] or [arm64]")
                }
                set("\(key).cpu", cpu.rawValue, document.origin(function, "Architectures"))
            } else {
                set("\(key).cpu", "x86_64", .defaultValue("Architectures absent; Lambda's default is x86_64"))
            }
            let runtime = p["Runtime"]?.text ?? "(none)"
            fields.append(
                DerivedField(field: "\(key) (runtime, shown)", value: runtime, origin: .property("\(id).Runtime"))
            )
            if !runtime.hasPrefix("nodejs") {
                unsupported.append("\(id).Runtime \(runtime): the latency model describes Node.js handlers")
            }
            if let reserved = p["ReservedConcurrentExecutions"]?.text {
                unsupported.append(
                    "\(id).ReservedConcurrentExecutions \(reserved): not modelled (the account's concurrency quota applies to all functions)"
                )
            }
            if case .map(let variables)? = p["Environment"]?["Variables"] {
                let text = variables.map { "\($0.key)=\($0.value.display)" }.joined(separator: " ")
                fields.append(
                    DerivedField(
                        field: "\(key) (environment, shown)",
                        value: text,
                        origin: .property("\(id).Environment.Variables")
                    )
                )
            }
            for name in function.propertyNames where !Self.functionProperties.contains(name) {
                unsupported.append("\(id).\(name): not modelled")
            }
            guard let zip = p["Code"]?["ZipFile"]?.text else {
                throw fail("\(base).Code", "not inline ZipFile code; Fanout reads what a handler does from its code")
            }
            let handler = HandlerCode(javaScript: zip)
            code[role] = (id, handler)
            let (allowed, all) = allowedActions(function)
            access.append(
                FunctionAccess(
                    function: id,
                    role: role.rawValue,
                    calls: handler.calls,
                    allowedActions: allowed,
                    allowsAll: all
                )
            )
        }
        try readBehaviour(code)
        for entry in access where !entry.deniedCalls.isEmpty {
            unsupported.append(
                "\(entry.function) calls \(entry.deniedCalls.map(\.iamAction).joined(separator: ", ")) that its IAM policies do not allow (AccessDenied at run time; the model assumes the calls succeed)"
            )
        }
        return access
    }

    /// The lookup, batching, acknowledgement and socket fields, from the handlers' code.
    private mutating func readBehaviour(_ code: [FunctionRole: (function: String, code: HandlerCode)])
        throws(InputError)
    {
        guard let send = code[.sendMessage], let disconnect = code[.disconnect], let join = code[.joinChannel] else {
            return
        }
        let sendPath = "Resources.\(send.function).Properties.Code.ZipFile"
        switch (send.code.lookup, send.code.queriesIndex, send.code.paginates) {
        case (.query?, true, let paginates):
            if !paginates {
                unsupported.append("\(send.function): a Query without a LastEvaluatedKey loop, modelled as paginated")
            }
            set("subscriber_lookup", "index_query", .code(function: send.function, pattern: "query with IndexName"))
        case (.scan?, _, true):
            set(
                "subscriber_lookup",
                "scan_all_pages",
                .code(function: send.function, pattern: "scan with a LastEvaluatedKey loop")
            )
        case (.scan?, _, false):
            set(
                "subscriber_lookup",
                "scan_first_page",
                .code(function: send.function, pattern: "one scan call, no LastEvaluatedKey loop")
            )
        case (.query?, false, _):
            throw fail(
                sendPath,
                "a Query on the table finds a channel's rows only with channel as hash key, which the model's table does not have"
            )
        default:
            throw fail(sendPath, "no scan or query found: Fanout cannot tell how it finds subscribers")
        }
        let disconnectPath = "Resources.\(disconnect.function).Properties.Code.ZipFile"
        switch (disconnect.code.lookup, disconnect.code.paginates) {
        case (.query?, _):
            set(
                "disconnect_lookup",
                "key_query",
                .code(function: disconnect.function, pattern: "query on the hash key")
            )
        case (.scan?, true):
            set(
                "disconnect_lookup",
                "scan_all_pages",
                .code(function: disconnect.function, pattern: "scan with a LastEvaluatedKey loop")
            )
        case (.scan?, false):
            set(
                "disconnect_lookup",
                "scan_first_page",
                .code(function: disconnect.function, pattern: "one scan call, no LastEvaluatedKey loop")
            )
        default:
            throw fail(disconnectPath, "no scan or query found: Fanout cannot tell how it finds the connection's rows")
        }
        guard disconnect.code.calls.contains(.batchWrite) else {
            throw fail(disconnectPath, "no batchWrite found: the model deletes a connection's rows with BatchWriteItem")
        }
        set(
            "disconnect_batch_size",
            disconnect.code.chunksBatchesOf25 ? 25 : 0,
            .code(
                function: disconnect.function,
                pattern: disconnect.code.chunksBatchesOf25
                    ? "batchWrite in slices of 25" : "one batchWrite with every row, no chunking"
            )
        )
        set(
            "join_ack",
            join.code.postsToConnection,
            .code(
                function: join.function,
                pattern: join.code.postsToConnection ? "postToConnection to the caller" : "no postToConnection"
            )
        )
        let consistent = send.code.consistentRead || disconnect.code.consistentRead
        set(
            "table.consistent_reads",
            consistent,
            consistent
                ? .code(
                    function: send.code.consistentRead ? send.function : disconnect.function,
                    pattern: "ConsistentRead: true"
                )
                : .defaultValue(
                    "no ConsistentRead: true in the code; DynamoDB reads are eventually consistent by default"
                )
        )
        if let sockets = send.code.maxSockets {
            set("http_max_sockets", sockets, .code(function: send.function, pattern: "maxSockets: \(sockets)"))
        } else {
            set("http_max_sockets", 50, .defaultValue("no maxSockets in the code; the AWS SDK's HTTPS agent allows 50"))
        }
    }

    /// DynamoDB actions the function's execution role allows, from the role's inline policies and
    /// every `AWS::IAM::Policy` attached to it; `true` when `dynamodb:*` or `*` is allowed.
    private func allowedActions(_ function: TemplateDocument.Resource) -> ([String], Bool) {
        guard let roleID = mentionedResources(in: function.properties["Role"] ?? .null).first else {
            return ([], false)
        }
        var documents: [ResolvedValue] = []
        if let role = document.resource(roleID) {
            documents += (role.properties["Policies"]?.items ?? []).compactMap { $0["PolicyDocument"] }
        }
        for policy in document.resources(ofType: "AWS::IAM::Policy")
        where (policy.properties["Roles"]?.items ?? []).flatMap(mentionedResources).contains(roleID) {
            if let doc = policy.properties["PolicyDocument"] { documents.append(doc) }
        }
        var actions: Set<String> = []
        var all = false
        for doc in documents {
            for statement in doc["Statement"]?.items ?? [] where statement["Effect"]?.text == "Allow" {
                for action in statement["Action"]?.items.compactMap(\.text) ?? [] {
                    if action == "*" || action == "dynamodb:*" { all = true }
                    if action.hasPrefix("dynamodb:") { actions.insert(action) }
                }
            }
        }
        return (actions.sorted(), all)
    }
}
