namespace Workflow.Training;

/// <summary>One frame as ML.NET reads it: a float vector whose length is set at run time by a schema definition.</summary>
internal sealed class KMeansFrame
{
    public float[] Features { get; set; } = [];
}
