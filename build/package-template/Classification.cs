namespace {{Namespace}};

/// <summary>What the model says about one recording: the chosen class and every class's score.</summary>
/// <param name="Label">The class with the highest score.</param>
/// <param name="Scores">Each class's length-normalised log-likelihood; higher is more likely.</param>
public sealed record Classification(string Label, IReadOnlyDictionary<string, float> Scores);
