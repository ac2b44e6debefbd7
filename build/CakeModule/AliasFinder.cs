using System.Reflection;
using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Core.Scripting;

namespace Workflow.CakeModule;

/// <summary>
/// Cake's own alias search (<see cref="ScriptAliasFinder"/>), given only the assemblies that can define a script alias.
/// </summary>
/// <remarks>
/// Before every run, even when the compiled script is cached, Cake looks for aliases by enumerating every type of every
/// assembly it references: ~170 framework assemblies and its own, 0.4 of the ~0.9 s it takes to start on 2 cores. An
/// alias is a static method marked <c>[CakeMethodAlias]</c> or <c>[CakePropertyAlias]</c> whose first parameter is an
/// <see cref="ICakeContext"/>, all three types of Cake.Core; so an assembly that does not reference Cake.Core (and is
/// not Cake.Core) has none, and skipping it finds exactly the same aliases, in the same order.
/// <c>WORKFLOW_CAKE_MODULE_CHECK=1</c> also runs the full search and fails the build if the two differ.
/// </remarks>
public sealed class AliasFinder(ICakeLog log) : IScriptAliasFinder
{
    private static readonly string CakeCore = typeof(ICakeContext).Assembly.GetName().Name!;
    private readonly ScriptAliasFinder _cake = new(log);

    public IReadOnlyList<ScriptAlias> FindAliases(IEnumerable<Assembly> assemblies)
    {
        var all = assemblies.ToList();
        var candidates = all.Where(CanDefineAliases).ToList();
        var aliases = _cake.FindAliases(candidates);
        if (Environment.GetEnvironmentVariable("WORKFLOW_CAKE_MODULE_CHECK") == "1") Check(all, candidates.Count, aliases);
        return aliases;
    }

    private static bool CanDefineAliases(Assembly assembly) =>
        assembly.GetName().Name == CakeCore || assembly.GetReferencedAssemblies().Any(r => r.Name == CakeCore);

    private void Check(List<Assembly> all, int searched, IReadOnlyList<ScriptAlias> aliases)
    {
        var full = _cake.FindAliases(all);
        var missing = full.Select(Describe).Except(aliases.Select(Describe)).ToList();
        if (missing.Count > 0 || full.Count != aliases.Count)
            throw new CakeException($"Cake.Workflow.Module: Cake's full search found {full.Count} aliases, the module's {aliases.Count}; missing: {string.Join(", ", missing.Take(10))}. Run with WORKFLOW_CAKE_MODULE=0 and report it.");
        log.Information("Cake.Workflow.Module: {0} aliases in {1} of {2} assemblies, the same as Cake's full search.", aliases.Count, searched, all.Count);
    }

    private static string Describe(ScriptAlias alias) => $"{alias.Method.DeclaringType?.FullName}.{alias.Name} ({alias.Type})";
}
