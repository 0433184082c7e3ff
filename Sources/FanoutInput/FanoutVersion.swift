/// The release of Fanout's code and models, printed by `fanout --version` and stored with runs.
public enum FanoutVersion {
    /// Semantic version; the minor number grows when a model change moves figures.
    public static let string = "0.10.0"
}
