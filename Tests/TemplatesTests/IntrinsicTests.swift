import FanoutInput
import Templates
import Testing

/// Intrinsic functions in short and long form, resolved statically; bad templates as one-line errors.
struct IntrinsicTests {
    func properties(_ yaml: String, of id: String = "Thing") throws -> ResolvedValue {
        let document = try TemplateDocument.parse(yaml, source: "t.yaml")
        return try #require(document.resource(id)).properties
    }

    static let header = """
        Parameters:
          Size:
            Type: Number
            Default: 256
          Name:
            Type: String
            Default: chat
          Secret:
            Type: String
        Resources:
          Other:
            Type: AWS::SNS::Topic
          Thing:
            Type: AWS::Lambda::Function
            Properties:

        """

    @Test func shortAndLongFormsResolveTheSame() throws {
        let p = try properties(
            Self.header + """
                      A: !Ref Size
                      B: { Ref: Size }
                      C: !Join ["-", [!Ref Name, x, 1]]
                      D: { "Fn::Join": ["-", [{ Ref: Name }, x, 1]] }
                      E: !Sub "${Name}-x-1"
                      F: { "Fn::Sub": ["${N}-x-1", { N: !Ref Name }] }
                      G: !GetAtt Other.TopicName
                      H: { "Fn::GetAtt": [Other, TopicName] }
                      I: !Select [1, [a, b, c]]
                      J: !Ref Other
                """
        )
        #expect(p["A"] == .number(256))
        #expect(p["B"] == .number(256))
        #expect(p["C"] == .string("chat-x-1"))
        #expect(p["D"] == .string("chat-x-1"))
        #expect(p["E"] == .string("chat-x-1"))
        #expect(p["F"] == .string("chat-x-1"))
        #expect(p["G"] == .attribute(resource: "Other", name: "TopicName"))
        #expect(p["H"] == p["G"])
        #expect(p["I"] == .string("b"))
        #expect(p["J"] == .resource("Other"))
    }

    @Test func noValueDropsTheKeyOrItemAndDeployTimeValuesAreReported() throws {
        let yaml =
            Self.header + """
                          A: !Ref AWS::NoValue
                          B: [one, !Ref AWS::NoValue, two]
                          C: !Sub "arn:${AWS::Region}:${Name}"
                          D: !Ref Secret
                          E: !If [Cond, a, b]
                          F: !Sub "${!Literal}"
                """
        let document = try TemplateDocument.parse(yaml, source: "t.yaml")
        let p = try #require(document.resource("Thing")).properties
        #expect(p["A"] == nil)
        #expect(p["B"] == .list([.string("one"), .string("two")]))
        #expect(p["C"] == .unresolved("arn:${AWS::Region}:chat"))
        #expect(p["D"] == .unresolved("${Secret}"))
        #expect(p["F"] == .string("${Literal}"))
        let paths = document.unresolved.map(\.keyPath)
        #expect(
            paths == [
                "Resources.Thing.Properties.C.Fn::Sub", "Resources.Thing.Properties.D",
                "Resources.Thing.Properties.E.Fn::If",
            ]
        )
    }

    @Test(arguments: [
        ("Resources: [\n", "t.yaml: not YAML or JSON ("),
        ("just a string", "t.yaml: not a CloudFormation template (not a mapping)"),
        ("Outputs: {}", "t.yaml: Resources: not a CloudFormation template (no Resources mapping)"),
        ("Resorces: {}", "t.yaml: Resorces: not a CloudFormation template section"),
        ("Resources:\n  X:\n    Properties: {}", "t.yaml: Resources.X: a resource needs a Type string"),
        (
            "Resources:\n  X:\n    Type: AWS::SNS::Topic\n    Properties:\n      A: !Frobnicate y",
            "t.yaml: Resources.X.Properties.A: unknown intrinsic function !Frobnicate"
        ),
        (
            "Resources:\n  X:\n    Type: AWS::SNS::Topic\n    Properties:\n      A: { \"Fn::Frobnicate\": y }",
            "t.yaml: Resources.X.Properties.A: unknown intrinsic function Fn::Frobnicate"
        ),
        (
            "Resources:\n  X:\n    Type: AWS::SNS::Topic\n    Properties:\n      A: !Ref Nowhere",
            "t.yaml: Resources.X.Properties.A: Ref names no parameter or resource 'Nowhere'"
        ),
        (
            "Resources:\n  X:\n    Type: AWS::SNS::Topic\n    Properties:\n      A: !GetAtt Nowhere.Arn",
            "t.yaml: Resources.X.Properties.A.Fn::GetAtt: names no resource 'Nowhere'"
        ),
    ])
    func badTemplatesAreOneLineErrorsNamingFileAndKey(yaml: String, expected: String) {
        #expect {
            _ = try TemplateDocument.parse(yaml, source: "t.yaml")
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix(expected) && !text.contains("\n")
        }
    }

    @Test func jsonTemplatesReadLikeYAML() throws {
        let json =
            #"{"Resources": {"Other": {"Type": "AWS::SNS::Topic"}, "Thing": {"Type": "AWS::Lambda::Function", "Properties": {"A": {"Fn::Join": ["", ["a", {"Ref": "AWS::NoValue"}, "b"]]}, "B": "5"}}}}"#
        let document = try TemplateDocument.parse(json, source: "t.json")
        let p = try #require(document.resource("Thing")).properties
        #expect(p["A"] == .string("ab"))
        #expect(p["B"]?.number == 5)
    }
}
