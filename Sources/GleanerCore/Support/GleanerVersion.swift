/// The version of Gleaner, printed by `gleaner --version` and stored in the index manifest.
public enum GleanerVersion {
    public static let string = "0.1.0"
}
