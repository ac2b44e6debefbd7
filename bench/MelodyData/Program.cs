using System.Globalization;
using MelodyData;
using Workflow.Audio;

// MelodyData DIR PER_CLASS [TONIC_SIDECARS]
//   writes DIR/<class>/<class>_<i>.wav for the 5 melody classes of Melody.cs, PER_CLASS each (16-bit mono, 8000 Hz);
//   recordings 0-19 of each class (their names end in _0.wav … _19.wav) are the test set with split.testPattern
//   "_1?[0-9]\.wav$". With "tonic" as the third argument every recording also gets its true tonic as <file>.wav.tonic.
if (args.Length is < 2 or > 3 || !int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var perClass) || perClass < 1)
{
    Console.Error.WriteLine("usage: MelodyData DIR PER_CLASS [tonic]");
    return 2;
}

var root = Path.GetFullPath(args[0]);
var sidecars = args.Length == 3 && args[2] == "tonic";
var names = new[] { "major", "minor", "double-harmonic", "pentatonic", "locrian" };
Parallel.For(0, names.Length * perClass, index =>
{
    var (c, i) = (index / perClass, index % perClass);
    var directory = Path.Combine(root, names[c]);
    Directory.CreateDirectory(directory);
    var melody = Melody.Generate(c, seed: 1 + i);
    var path = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"{names[c]}_{i}.wav"));
    WavWriter.Write(path, new AudioClip(melody.Samples, Melody.SampleRate));
    if (sidecars) File.WriteAllText(path + ".tonic", melody.Tonic.ToString("R", CultureInfo.InvariantCulture) + "\n");
});
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{names.Length * perClass} melodies in {root} ({perClass} per class: {string.Join(", ", names)})"));
return 0;
