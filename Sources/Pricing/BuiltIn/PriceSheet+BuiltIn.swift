import FanoutInput

extension PriceSheet {
    /// The compiled-in default: us-east-1 prices (`models/pricing/aws-us-east-1-2026-11.json`).
    public static var builtIn: PriceSheet { ModelFile.builtIn(PriceSheet.self, EmbeddedPriceSheets.awsUSEast1) }
}
