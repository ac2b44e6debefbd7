namespace Workflow.Variants;

/// <summary>Which variant a build uses, and why: <c>--variant</c>, else <c>defaultVariant</c>, else the champion of the last comparison.</summary>
/// <param name="Name">Null: the top-level settings.</param>
public sealed record VariantChoice(string? Name, string Why)
{
    public static VariantChoice Choose(string? requested, string? defaultVariant, Champion? champion, IReadOnlyCollection<string> names)
    {
        if (requested is not null) return new VariantChoice(requested, "--variant");
        if (defaultVariant is not null) return new VariantChoice(defaultVariant, "defaultVariant in the config");
        if (champion is not null && names.Contains(champion.Variant))
            return new VariantChoice(champion.Variant, $"the champion of the last CompareVariants ({champion.Metric} {champion.Value.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture)})");
        return names.Count == 0
            ? new VariantChoice(null, "the config has no variants")
            : new VariantChoice(null, "no --variant, no defaultVariant and no CompareVariants yet: the top-level settings");
    }
}
