using System.Runtime;

namespace Workflow.Pipeline;

/// <summary>
/// The runtime's multicore JIT for a build process: it records which methods a build of a target compiled, in the
/// workspace's <c>.workflow/jit/&lt;target&gt;.jitprofile</c>, and the next build of that target compiles them on another
/// core from its start, ahead of the core that loads the config and walks the units.
/// </summary>
/// <remarks>
/// A bundled no-op build compiles ~1,500 methods, ~0.4 s of its ~1.1 s, nearly all on one of the two cores; with the
/// profile it ends ~0.2 s sooner (bench/startup.sh). A build of 100,000 files keeps both cores busy and gains nothing
/// measurable, nor loses. The profile is the runtime's cache: it changes no result, and a stale or damaged one is only
/// used as far as it matches (tried with truncated and scrambled files). The runtime writes it when the process exits.
/// </remarks>
public static class JitProfile
{
    private static int _started;

    /// <summary>
    /// Uses and records <paramref name="target"/>'s profile, once per process. Without <paramref name="create"/> only
    /// if the folder exists: on Open, which writes nothing (Cake's --dryrun runs Setup too); with it when the build
    /// starts writing the workspace, so its first build records for the next.
    /// </summary>
    public static void Start(Workspace workspace, string target, bool create)
    {
        var folder = Path.Combine(workspace.Internal, "jit");
        if (Volatile.Read(ref _started) != 0 || (!create && !Directory.Exists(folder))) return;
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return; // a read-only workspace costs start-up time, nothing else
        }
        if (Interlocked.Exchange(ref _started, 1) != 0) return;
        ProfileOptimization.SetProfileRoot(folder);
        ProfileOptimization.StartProfile(FileName(target));
    }

    /// <summary>The target's name as a file name: letters, digits, '-' and '_' (Cake's target names), else '_'.</summary>
    public static string FileName(string target) =>
        string.Concat(target.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_')) + ".jitprofile";
}
