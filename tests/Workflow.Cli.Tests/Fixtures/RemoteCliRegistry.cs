using System.Diagnostics;
using Workflow.Registry;
using Workflow.Tests.Fixtures;

namespace Workflow.Cli.Tests.Fixtures;

/// <summary>
/// A registry on a real server — <c>webdav</c>: nginx at <c>webdav://127.0.0.1:PORT/registry</c>; <c>s3</c>: s3rver
/// at <c>s3://workflow-tests/registry</c>, with the endpoint and keys in the AWS environment — that every
/// <see cref="Run"/> passes to the CLI with --registry. The CLI runs in a temporary folder made to look like a
/// Workflow repository, so the registry's local cache (.workflow/registry-cache/) lands there and goes with it.
/// </summary>
public sealed class RemoteCliRegistry : IDisposable
{
    private readonly NginxServer? _nginx;
    private readonly S3rverServer? _s3;
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);
    private int _builds;

    /// <param name="kind"><c>webdav</c> or <c>s3</c>.</param>
    /// <param name="s3Settle">For s3: how long the lock's create waits before reading back (1 s by default in the product;
    /// short here where a test has one writer at a time).</param>
    public RemoteCliRegistry(string kind, TimeSpan? s3Settle = null)
    {
        Temp.Write("Workflow.sln", "");
        Temp.Write("build.sh", "");
        if (kind == "s3")
        {
            _s3 = new S3rverServer();
            Url = $"s3://{S3rverServer.Bucket}/registry";
            _environment["AWS_ENDPOINT_URL"] = _s3.Endpoint;
            _environment["AWS_ACCESS_KEY_ID"] = S3rverServer.AccessKey;
            _environment["AWS_SECRET_ACCESS_KEY"] = "S3RVER";
            _environment[RegistryAddress.S3SettleVariable] =
                ((int)(s3Settle ?? TimeSpan.FromMilliseconds(100)).TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else
        {
            _nginx = new NginxServer();
            Url = $"webdav://127.0.0.1:{_nginx.Port}/registry";
        }
    }

    public TempDirectory Temp { get; } = new();

    /// <summary>The registry as --registry names it.</summary>
    public string Url { get; }

    /// <summary>Where the CLI keeps its copy of this registry.</summary>
    public string CacheRoot => Temp.Combine(".workflow/registry-cache");

    public RegistryPackages.Files NewPackage(string model = "tones", int variant = 0) =>
        RegistryPackages.Write(Temp.Combine($"build{_builds++}"), model, variant);

    /// <summary>Registers a new package (<paramref name="variant"/> sets its accuracy: 0.70, 0.75, …) and checks it worked.</summary>
    public CliProcess.Result Register(int variant, string model = "tones")
    {
        var files = NewPackage(model, variant);
        var result = Run("register", files.Package, "--manifest", files.Manifest, "--name", model);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        return result;
    }

    public CliProcess.Result Run(params string[] arguments) => CliProcess.Run(Temp.Path, _environment, [.. arguments, "--registry", Url]);

    /// <summary>Runs the CLI with this server's environment but without <c>--registry</c>: the arguments name the registries.</summary>
    public CliProcess.Result RunWithout(params string[] arguments) => CliProcess.Run(Temp.Path, _environment, arguments);

    /// <summary>Starts the CLI without waiting; finish it with <see cref="CliProcess.Finish"/>.</summary>
    public Process Start(params string[] arguments) => CliProcess.Start(Temp.Path, _environment, [.. arguments, "--registry", Url]);

    /// <summary>What the server wrote (s3rver's errors), for failure messages.</summary>
    public string ServerLog => _s3?.Log ?? "";

    /// <summary>Kills the server: the registry becomes unreachable.</summary>
    public void StopServer()
    {
        _nginx?.Stop();
        _s3?.Stop();
    }

    public void Dispose()
    {
        _nginx?.Dispose();
        _s3?.Dispose();
        Temp.Dispose();
    }
}
