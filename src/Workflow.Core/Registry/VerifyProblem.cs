namespace Workflow.Registry;

/// <summary>One thing <c>verify</c> found wrong: <see cref="Subject"/> is a version (<c>name/3</c>) or a registry file.</summary>
public sealed record VerifyProblem(string Subject, string Problem);
