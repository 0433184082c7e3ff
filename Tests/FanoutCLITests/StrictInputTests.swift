import Foundation
import Testing

/// Issue 14's reproducers for model files: each is bad input that used to be accepted or misreported.
struct StrictInputTests {
    let cli = BillCommandTests()

    /// Runs `fanout` and expects exit 2, nothing on standard output, and exactly `expected` on standard error.
    func expectOneLine(_ arguments: [String], _ expected: String, sourceLocation: SourceLocation = #_sourceLocation)
        throws
    {
        let run = try cli.fanout(arguments)
        #expect(run.status == 2, "\(arguments)", sourceLocation: sourceLocation)
        #expect(run.stdout.isEmpty, "\(arguments)", sourceLocation: sourceLocation)
        #expect(run.stderr == "fanout: error: \(expected)\n", "\(arguments)", sourceLocation: sourceLocation)
    }

    @Test func duplicateKeyIsRejectedEvenWhenTheFirstValueIsValid() throws {
        let path = try cli.temporaryFile("dup.json", #"{"users": 1000, "users": "x"}"#)
        try expectOneLine(
            ["bill", "--scenario", path],
            "\(path): users: duplicate key at line 1, column 17 (first at line 1, column 2)"
        )
    }

    @Test func nullIsNotTheDefault() throws {
        let path = try cli.temporaryFile("null.json", "{\n  \"broadcasts\": {\"per_minute\": null}\n}")
        try expectOneLine(
            ["bill", "--scenario", path],
            "\(path): broadcasts.per_minute: null is not allowed at line 2, column 32 (omit the key to use its default)"
        )
    }

    @Test func trailingCommaIsRejected() throws {
        let path = try cli.temporaryFile("comma.json", #"{"channels": {"count": 4,}}"#)
        try expectOneLine(
            ["bill", "--scenario", path],
            "\(path): channels: malformed JSON at line 1, column 26: trailing comma before '}'"
        )
    }

    @Test func malformedJSONSaysLineAndColumn() throws {
        let path = try cli.temporaryFile("bad.json", "{\n  \"users\": 10\n  \"days\": 3\n}")
        try expectOneLine(
            ["bill", "--scenario", path],
            "\(path): malformed JSON at line 3, column 3: expected ',' or '}' after the value of 'users', found '\"'"
        )
    }

    @Test(arguments: [
        ("NaN", "malformed JSON at line 1, column 31: NaN and Infinity are not JSON numbers"),
        ("Infinity", "malformed JSON at line 1, column 31: NaN and Infinity are not JSON numbers"),
        ("-Infinity", "malformed JSON at line 1, column 32: NaN and Infinity are not JSON numbers"),
        ("1e309", "number 1e309 is outside the range of a double at line 1, column 31"),
    ])
    func nonFiniteNumbersNameTheirKeyPath(literal: String, expected: String) throws {
        let path = try cli.temporaryFile("nan.json", #"{"broadcasts": {"per_minute": \#(literal)}}"#)
        try expectOneLine(["bill", "--scenario", path], "\(path): broadcasts.per_minute: \(expected)")
    }

    @Test func newlinesInFileNamesAndValuesAreEscaped() throws {
        let directory = URL(fileURLWithPath: try cli.temporaryFile("x", "")).deletingLastPathComponent()
        let odd = directory.appendingPathComponent("two\nlines.json").path
        try Data(#"{"users": 10,"#.utf8).write(to: URL(fileURLWithPath: odd))
        let escaped = odd.replacingOccurrences(of: "\n", with: "\\n")
        try expectOneLine(
            ["bill", "--scenario", odd],
            "\(escaped): malformed JSON at line 1, column 14: expected a key in quotes, found end of file"
        )
        let value = try cli.temporaryFile("value.json", #"{"broadcasts": {"target": "every\none"}}"#)
        let run = try cli.fanout(["bill", "--scenario", value])
        #expect(run.status == 2)
        #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        #expect(run.stderr.contains("every\\none"), "\(run.stderr)")
    }

    @Test func optionValuesWithLineBreaksStayOnOneLine() throws {
        try expectOneLine(["bill", "--channels", "1\n2"], "The value '1\\n2' is invalid for '--channels <channels>'")
        try expectOneLine(
            ["bill", "--format", "js\ron"],
            "--format: unknown format 'js\\ron' (expected table, json or csv)"
        )
        try expectOneLine(
            ["bill", "--users", "1\n0"],
            "--users: '1\\n0' is not a decimal number (hexadecimal, nan and inf are not accepted)"
        )
    }

    @Test func oversizedOrSpecialFilesAreRefused() throws {
        try expectOneLine(["bill", "--scenario", "/dev/zero"], "/dev/zero: file is larger than 16 MiB")
        let directory = URL(fileURLWithPath: try cli.temporaryFile("x", "")).deletingLastPathComponent().path
        try expectOneLine(["bill", "--prices", directory], "\(directory): cannot read file (is a directory)")
    }
}
