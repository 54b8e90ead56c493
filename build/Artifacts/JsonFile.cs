using System.Text.Json;
using Cake.Core.IO;

namespace Build.Artifacts;

/// <summary>Writes JSON files atomically (a temporary file renamed over the target), so a killed run never leaves half a file.</summary>
public static class JsonFile
{
    private static readonly JsonWriterOptions Options = new() { Indented = true };

    public static void Write(FilePath path, Action<Utf8JsonWriter> write)
    {
        var target = path.FullPath;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
        var temporary = target + ".tmp-" + Environment.ProcessId;
        using (var stream = File.Create(temporary))
        using (var writer = new Utf8JsonWriter(stream, Options))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        File.Move(temporary, target, overwrite: true);
    }
}
