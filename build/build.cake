#r "../src/Workflow.Core/bin/Release/net10.0/Workflow.Core.dll"
var target = Argument("target", "Default");
Task("Default").Does(() => {
  Information("dotnet " + Workflow.Pipeline.ToolVersions.DotNet + " ml " + Workflow.Pipeline.ToolVersions.MlNet + " cake " + typeof(ICakeContext).Assembly.GetName().Version);
  var ml = new Microsoft.ML.MLContext(seed: 1);
  Information(ml.ToString());
});
RunTarget(target);
