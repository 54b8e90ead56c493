namespace Build.Tests.Support;

/// <summary>
/// Reads every process's /proc/PID/cmdline over and over in a background thread (as any local user can, with ps) until
/// disposed, keeping the command lines that contain one of <paramref name="needles"/>, and those of the tools named in
/// <paramref name="tools"/> (to show the watch saw them run).
/// </summary>
public sealed class CommandLineWatch : IDisposable
{
    private readonly string[] _needles;
    private readonly string[] _tools;
    private readonly Thread _thread;
    private readonly HashSet<string> _leaks = [];
    private readonly HashSet<string> _toolLines = [];
    private volatile bool _stop;

    public CommandLineWatch(IEnumerable<string> needles, IEnumerable<string> tools)
    {
        _needles = [.. needles];
        _tools = [.. tools];
        _thread = new Thread(Watch) { IsBackground = true, Name = "cmdline watch" };
        _thread.Start();
    }

    public int Sweeps { get; private set; }

    public IReadOnlyCollection<string> Leaks => _leaks;

    /// <summary>The command lines seen of the watched tools (arguments joined by spaces).</summary>
    public IReadOnlyCollection<string> ToolCommandLines => _toolLines;

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }

    private void Watch()
    {
        while (!_stop)
        {
            foreach (var directory in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(directory), out _))
                {
                    continue;
                }

                string line;
                try
                {
                    line = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    continue;
                }

                if (_needles.Any(needle => line.Contains(needle, StringComparison.Ordinal)))
                {
                    _leaks.Add(line);
                }

                if (_tools.Any(tool => line.Split(' ').FirstOrDefault()?.EndsWith("/" + tool, StringComparison.Ordinal) == true || line.StartsWith(tool + " ", StringComparison.Ordinal)))
                {
                    _toolLines.Add(line);
                }
            }

            Sweeps++;
            Thread.Sleep(5);
        }
    }
}
