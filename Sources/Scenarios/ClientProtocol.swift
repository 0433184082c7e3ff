/// The messages the post's client and handlers exchange, as bytes on the socket.
///
/// Inbound `sendmessage` and `joinchannel` requests wrap their fields in JSON; the sizes here
/// are the envelope without the variable parts, counted from the post's client code.
public enum ClientProtocol {
    /// `{"action":"sendmessage","channel":"","message":""}` without channel and payload.
    public static let sendMessageEnvelopeBytes = 50
    /// `{"action":"joinchannel","channel":""}` without the channel name.
    public static let joinRequestEnvelopeBytes = 37
    /// The seed's ack `{"channel":"","connectionId":""}` without name and id.
    public static let joinAckEnvelopeBytes = 32
    /// Name of the channel every connection is put in at `$connect`.
    public static let defaultChannel = "default"

    /// Bytes of an inbound `sendmessage` carrying `payloadBytes` to a channel named with `channelNameBytes`.
    public static func sendMessageBytes(payloadBytes: Int, channelNameBytes: Int) -> Int {
        payloadBytes + sendMessageEnvelopeBytes + channelNameBytes
    }
}
