namespace Build.Releasing;

/// <summary>Writes a file only when its content changes, atomically, so that re-running a finished release changes no file.</summary>
public static class FileWriter
{
    /// <summary>True when the file was written (it was absent or different).</summary>
    public static bool WriteIfChanged(string path, byte[] content)
    {
        if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(content))
        {
            return false;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp-" + Environment.ProcessId;
        File.WriteAllBytes(temporary, content);
        File.Move(temporary, path, overwrite: true);
        return true;
    }

    public static bool WriteIfChanged(string path, string content) => WriteIfChanged(path, System.Text.Encoding.UTF8.GetBytes(content));
}
