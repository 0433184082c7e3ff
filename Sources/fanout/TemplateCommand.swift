import ArgumentParser
import FanoutInput
import Foundation
import Templates

/// `fanout template`: read a CloudFormation template as an architecture.
struct TemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Read a CloudFormation template as a Fanout architecture.",
        discussion: """
            The same reading --template FILE does for bill, simulate, sweep, breaks and sensitivity. \
            cfn-lint runs when FANOUT_CFN_LINT names it or it is on PATH.

            Examples:
              fanout template explain models/templates/seed-api-gateway-websocket.yaml
              fanout template explain models/templates/indexed-example.yaml
            """,
        subcommands: [Explain.self]
    )

    /// `fanout template explain FILE`.
    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the architecture a template yields, each field with where it came from."
        )

        @Argument(help: ArgumentHelp("CloudFormation template, YAML or JSON.", valueName: "file"))
        var file: String

        @Option(
            help: ArgumentHelp(
                "Route keys to functions when the template has no AWS::ApiGatewayV2::Route ($connect=Fn,...).",
                valueName: "routes"
            )
        )
        var routes: String?

        func run() throws {
            try reportingInputErrors {
                let routeMap = try routes.map { (text) throws(InputError) in try TemplateArchitecture.parseRoutes(text)
                }
                let architecture = try TemplateArchitecture.read(path: file, routes: routeMap)
                let lint = try CFNLint.check(path: file)
                // On standard error: whether cfn-lint is installed must not change the explanation.
                FileHandle.standardError.write(Data("fanout: cfn-lint: \(lint.summary)\n".utf8))
                print(architecture.explainText(), terminator: "")
            }
        }
    }
}
