import ArgumentParser
import Crypto
import FanoutInput
import Foundation
import Gateway

/// `fanout token`: mints a signed access token for `fanout serve`.
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Mint a signed access token for fanout serve (HMAC-SHA256).",
        discussion: """
            Prints the token. A client passes it as the `token` query parameter or as the \
            WebSocket subprotocol `token.<token>`; a server-side publisher (--publisher) sends it \
            as `Authorization: Bearer <token>` to POST /publish.

            Example:
              fanout token --secret-file secret.key --subject alice --ttl 1h --channel room1
            """
    )

    @Option(name: .customLong("secret-file"), help: ArgumentHelp("File holding the signing secret.", valueName: "file"))
    var secretFile: String

    @Option(
        help: ArgumentHelp("Who the token is for (the per-subject connection cap counts by it).", valueName: "name")
    )
    var subject: String

    @Option(help: ArgumentHelp("How long the token is valid: seconds, or with s, m, h or d.", valueName: "duration"))
    var ttl = "1h"

    @Option(
        name: .customLong("channel"),
        help: ArgumentHelp("A channel the token may join and send to (repeat; default: any).", valueName: "name")
    )
    var channels: [String] = []

    @Flag(help: "Allow the holder to publish with POST /publish.")
    var publisher = false

    func run() throws {
        try reportingInputErrors {
            let seconds = try Durations.seconds(ttl, option: "--ttl")
            guard seconds >= 1, seconds <= 366 * 86_400 else {
                throw InputError(source: "--ttl", keyPath: "", message: "must be 1 s to 366 d (got \(ttl))")
            }
            guard !subject.isEmpty else {
                throw InputError(source: "--subject", keyPath: "", message: "must not be empty")
            }
            let validator = GatewayConfiguration()
            for channel in channels where !validator.isValidChannelName(channel) {
                throw InputError(
                    source: "--channel",
                    keyPath: "",
                    message: "'\(channel)' is not a channel name (1-64 of A-Z a-z 0-9 _ - . :)"
                )
            }
            let secret: SymmetricKey
            do {
                secret = try SymmetricKey.fromSecretFile(secretFile, option: "--secret-file")
            } catch let error as GatewayConfigurationError {
                throw InputError(source: error.option, keyPath: "", message: error.message)
            }
            let token = AccessToken(
                subject: subject,
                expiresAtUnixSeconds: Int(Date().timeIntervalSince1970 + seconds),
                channels: channels.isEmpty ? nil : channels,
                mayPublish: publisher
            )
            print(token.signed(with: secret))
        }
    }
}
