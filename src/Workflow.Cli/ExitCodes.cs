namespace Workflow.Cli;

/// <summary>What the process's exit code means; documented in the README.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The command could not do what was asked: unknown model, version or alias, refused delete, bad file…</summary>
    public const int UserError = 1;

    /// <summary>The command line itself is wrong: unknown command or option, missing argument.</summary>
    public const int Usage = 2;

    /// <summary><c>verify</c> found at least one problem.</summary>
    public const int VerifyFailed = 3;

    /// <summary><c>outdated</c>: the registry has a newer version than this machine for at least one reference.</summary>
    public const int UpdateAvailable = 10;
}
