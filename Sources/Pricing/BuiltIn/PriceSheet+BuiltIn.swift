import FanoutInput
import Foundation

extension PriceSheet {
    /// The compiled-in default: us-east-1 prices (`models/pricing/aws-us-east-1-2026-11.json`).
    public static var builtIn: PriceSheet {
        let embedded = EmbeddedPriceSheets.awsUSEast1
        do {
            return try ModelFile.decode(PriceSheet.self, from: Data(embedded.json.utf8), source: embedded.path)
        } catch {
            preconditionFailure("compiled-in \(embedded.path) does not decode: \(error)")
        }
    }
}
