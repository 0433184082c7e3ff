import Architectures
import FanoutInput

/// A route key and the function (logical id) that serves it.
struct RouteBinding {
    var key: String
    var role: FunctionRole
    var function: String
    var origin: Origin
}

extension TemplateReader {
    /// Routes from `AWS::ApiGatewayV2::Route` (through their integration), the `$connect` authorizer
    /// from `AWS::ApiGatewayV2::Authorizer`; else `--routes`; else, for the seed's own four function
    /// names, the post's console setup.
    mutating func readRoutes(option: [String: String]?) throws(InputError) -> [RouteBinding] {
        let declared = document.resources(ofType: "AWS::ApiGatewayV2::Route")
        var bindings: [RouteBinding] = []
        if !declared.isEmpty {
            if option != nil {
                throw InputError(
                    source: "--routes",
                    keyPath: "",
                    message:
                        "\(source) declares its routes (AWS::ApiGatewayV2::Route); --routes is for templates without"
                )
            }
            for route in declared {
                let path = "Resources.\(route.logicalID).Properties"
                guard let key = route.properties["RouteKey"]?.text else {
                    throw fail("\(path).RouteKey", "needs a route key")
                }
                guard let role = TemplateArchitecture.routeRoles.first(where: { $0.key == key })?.role,
                    role != .authorizer
                else {
                    unsupported.append(
                        "\(route.logicalID) route \(key): the model's client protocol has no such action"
                    )
                    continue
                }
                let integration = try referenced(
                    route.properties["Target"],
                    type: "AWS::ApiGatewayV2::Integration",
                    at: "\(path).Target"
                )
                let function = try referenced(
                    document.resource(integration)?.properties["IntegrationUri"],
                    type: "AWS::Lambda::Function",
                    at: "Resources.\(integration).Properties.IntegrationUri"
                )
                bindings.append(
                    RouteBinding(
                        key: key,
                        role: role,
                        function: function,
                        origin: .property("\(route.logicalID).RouteKey → \(integration).IntegrationUri")
                    )
                )
                if key == "$connect", let authorizerID = route.properties["AuthorizerId"] {
                    let authorizer = try referenced(
                        authorizerID,
                        type: "AWS::ApiGatewayV2::Authorizer",
                        at: "\(path).AuthorizerId"
                    )
                    let function = try referenced(
                        document.resource(authorizer)?.properties["AuthorizerUri"],
                        type: "AWS::Lambda::Function",
                        at: "Resources.\(authorizer).Properties.AuthorizerUri"
                    )
                    bindings.append(
                        RouteBinding(
                            key: "authorizer",
                            role: .authorizer,
                            function: function,
                            origin: .property("\(route.logicalID).AuthorizerId → \(authorizer).AuthorizerUri")
                        )
                    )
                }
            }
        } else if let option {
            for (key, role) in TemplateArchitecture.routeRoles {
                guard let function = option[key] else { continue }
                guard document.resource(function)?.type == "AWS::Lambda::Function" else {
                    throw InputError(
                        source: "--routes",
                        keyPath: "",
                        message: "\(key)=\(function): \(source) has no AWS::Lambda::Function '\(function)'"
                    )
                }
                bindings.append(RouteBinding(key: key, role: role, function: function, origin: .option("--routes")))
            }
        } else {
            let seed = TemplateArchitecture.seedConsoleRoutes
            guard seed.values.allSatisfy({ document.resource($0)?.type == "AWS::Lambda::Function" }) else {
                throw fail(
                    "Resources",
                    "no AWS::ApiGatewayV2::Route; give --routes '$connect=Fn,$disconnect=Fn,sendmessage=Fn,joinchannel=Fn'"
                )
            }
            for (key, role) in TemplateArchitecture.routeRoles {
                guard let function = seed[key] else { continue }
                bindings.append(
                    RouteBinding(
                        key: key,
                        role: role,
                        function: function,
                        origin: .assumption("the post's console setup (no routes in the template)")
                    )
                )
            }
        }
        for (key, role) in TemplateArchitecture.routeRoles where role != .authorizer {
            guard bindings.contains(where: { $0.role == role }) else {
                throw fail("Resources", "no function serves route \(key)")
            }
        }
        return bindings
    }

    /// The one resource of `type` that `value` refers to.
    private func referenced(_ value: ResolvedValue?, type: String, at path: String) throws(InputError) -> String {
        let ids = (value.map(mentionedResources) ?? []).filter { document.resource($0)?.type == type }
        guard let id = ids.first, Set(ids).count == 1 else {
            throw fail(
                path,
                "should refer to one \(type) (found \(ids.isEmpty ? "none" : ids.joined(separator: ", ")))"
            )
        }
        return id
    }
}
