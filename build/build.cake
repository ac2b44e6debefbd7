// The task graph. Thin on purpose: every task calls one method of Workflow.Core's BuildSession, where the
// logic lives (and is unit-tested). See README.md for the targets and arguments.
#r "../src/Workflow.Core/bin/Release/net10.0/Workflow.Core.dll"

using Workflow;
using Workflow.Pipeline;

// Cake starts in build/; work from the repository root. Paths given as arguments are relative to the caller.
var repositoryRoot = MakeAbsolute(Directory("..")).FullPath;
Context.Environment.WorkingDirectory = repositoryRoot;
System.IO.Directory.SetCurrentDirectory(repositoryRoot);

var callerDirectory = EnvironmentVariable("WORKFLOW_CALLER_DIR") ?? repositoryRoot;
string FromCaller(string path) => path == null ? null : System.IO.Path.GetFullPath(path, callerDirectory);

var target = Argument("target", "Default");
BuildSession build = null;

Setup(context =>
{
    // Only reads the config: Cake's --dryrun also runs Setup.
    build = BuildSession.Open(new BuildArguments(
        RepositoryRoot: repositoryRoot,
        WorkspaceRoot: FromCaller(Argument("workspace", repositoryRoot)),
        Target: target,
        DataDirectory: FromCaller(Argument<string>("data", null)),
        ConfigPath: FromCaller(Argument<string>("config", null)),
        Plan: HasArgument("plan"),
        CakeVersion: typeof(ICakeContext).Assembly.GetName().Version.ToString(3),
        // CI must build exactly what is committed: data/ differing from data.dvc fails there.
        Strict: HasArgument("strict") || string.Equals(EnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase),
        RegistryDirectory: FromCaller(Argument<string>("registry", null)),
        // Hash every input, output and cached blob again instead of trusting unchanged stats.
        Verify: HasArgument("verify"),
        // Upload every unit that ran to the remote build cache (cache.remote, WORKFLOW_CACHE_REMOTE).
        CachePush: HasArgument("cache-push"),
        // Do only shard I of N of the per-unit work (features and training of some classes), and push it.
        Shard: Argument<string>("shard", null),
        // The Publish target's NuGet feed: a folder (relative to the caller) or a server's URL, kept as given.
        Feed: Argument<string>("feed", null) is { } feed && !Workflow.Release.FolderFeed.IsFolder(feed) ? feed : FromCaller(Argument<string>("feed", null)),
        // Build this variant of the config (its "variants" section); else defaultVariant, else the last champion.
        Variant: Argument<string>("variant", null),
        // Record which methods this build compiles, and compile them ahead on another core next time (.workflow/jit/).
        JitProfile: true), Console.Out);
});

Teardown(context => build?.Finish());

Task("FetchData")
    .Description("Materialise data/ from the DVC remote (missing files only, each verified by md5).")
    .Does(() => build.FetchData());

Task("ExtractFeatures")
    .Description("MFCC features, one cached unit per recording.")
    .IsDependentOn("FetchData")
    .Does(() => build.ExtractFeatures());

Task("Train")
    .Description("One model per class, trained only on that class's recordings.")
    .IsDependentOn("ExtractFeatures")
    .Does(() => build.Train());

Task("Evaluate")
    .Description("Score the test split: metrics.json, confusion.csv, predictions.csv.")
    .IsDependentOn("Train")
    .Does(() => build.Evaluate());

Task("Package")
    .Description("A byte-deterministic zip of the models, settings, metrics and attribution.")
    .IsDependentOn("Evaluate")
    .Does(() => build.Package());

Task("WriteManifest")
    .Description("artifacts/manifest.json: every artifact and unit key, data/config hashes, tools, git commit.")
    .IsDependentOn("Package")
    .Does(() => build.WriteManifest());

Task("Register")
    .Description("Add the package as the next immutable version of the model in the registry.")
    .IsDependentOn("WriteManifest")
    .Does(() => build.Register());

Task("Release")
    .Description("The model as a NuGet package with a typed classifier, and RELEASE_NOTES.md against the prod version; both in the manifest.")
    .IsDependentOn("Register")
    .Does(() => build.Release());

Task("Publish")
    .Description("Push the Release nupkg to --feed=DIR|URL (dotnet nuget push; NUGET_API_KEY when set); a version the feed holds with other bytes is refused.")
    .IsDependentOn("Release")
    .Does(() => build.Publish());

Task("CompareVariants")
    .Description("Build every config variant through Evaluate (shared units once), write artifacts/variants/comparison.csv/.png and name the champion.")
    .Does(() => build.CompareVariants());

Task("TrackData")
    .Description("Like dvc add + commit: hash data/, store new objects in .dvc/cache, rewrite data.dvc.")
    .Does(() => DataTargets.TrackData(build.Workspace.Root, Console.Out));

Task("DataStatus")
    .Description("Files added/modified/deleted between data/ and data.dvc, and objects the remote lacks.")
    .Does(() => DataTargets.DataStatus(build.Workspace.Root, Console.Out));

Task("PushData")
    .Description("Send the objects the default DVC remote lacks.")
    .Does(() => DataTargets.PushData(build.Workspace.Root, Console.Out));

Task("CheckModels")
    .Description("Check the pretrained ONNX models in the config: present, size, sha256, loads, signature, smoke run.")
    .Does(() => build.CheckModels());

Task("Default")
    .Description("Everything: the same as WriteManifest.")
    .IsDependentOn("WriteManifest");

Task("Test")
    .Description("Install the servers the tests start (nginx, s3rver) where possible, then run the NUnit test suite.")
    .Does(() =>
    {
        // A server it cannot install is named there and its tests skip; under CI=true it fails instead.
        if (StartProcess("bash", new ProcessSettings { Arguments = "tests/servers/provision.sh" }) != 0)
            throw new Exception("tests/servers/provision.sh could not install every test server (see above), and CI=true runs every test.");
        DotNetTest(repositoryRoot + "/Workflow.sln", new DotNetTestSettings { Configuration = "Release" });
    });

RunTarget(target);
