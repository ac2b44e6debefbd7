using System.Text.RegularExpressions;

namespace Workflow.Pretrained;

/// <summary>
/// One external ONNX model the pipeline uses (config <c>pretrained[i]</c>). <see cref="Source"/> is a path relative to
/// the config's folder parent (the repository) or an http(s) URL; a URL's model is kept at
/// <c>.workflow/models/&lt;name&gt;.onnx</c> once fetched and verified.
/// </summary>
public sealed record PretrainedModelOptions
{
    public string Name { get; init; } = "";

    public string Source { get; init; } = "";

    public string Sha256 { get; init; } = "";

    public TensorSpec[] Inputs { get; init; } = [];

    public TensorSpec[] Outputs { get; init; } = [];

    /// <summary>A critical model that fails its checks fails CheckModels (exit code ≠ 0); an optional one is reported.</summary>
    public bool Critical { get; init; }

    public bool IsRemote => IsDvcSource || Source.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || Source.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary><c>dvc://&lt;remote name or default&gt;/&lt;md5&gt;</c>: an object in a DVC remote of the repository's .dvc/config.</summary>
    public bool IsDvcSource => Source.StartsWith("dvc://", StringComparison.Ordinal);

    public void Validate(int index)
    {
        var at = $"pretrained[{index}]";
        if (!Regex.IsMatch(Name, "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"))
            throw new WorkflowException($"{at}.name '{Name}' must be 1–64 letters, digits, '.', '_' or '-'.");
        if (string.IsNullOrWhiteSpace(Source))
            throw new WorkflowException($"{at}.source is empty; give a path (models/x.onnx), an http(s) URL or dvc://<remote>/<md5>.");
        if (!Regex.IsMatch(Sha256, "^[0-9a-f]{64}$"))
            throw new WorkflowException($"{at}.sha256 must be 64 lowercase hex digits (got '{Sha256}'); compute it with sha256sum.");
        foreach (var spec in Inputs.Concat(Outputs))
            if (!TensorSpec.Types.Contains(spec.Type))
                throw new WorkflowException($"{at}: tensor '{spec.Name}' has type '{spec.Type}'; use one of: {string.Join(", ", TensorSpec.Types)}.");
    }
}
