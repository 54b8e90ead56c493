namespace Build.Tests.Support;

/// <summary>
/// A test class whose every test gets its own temporary working directory (deleted afterwards) and a fresh
/// <see cref="RecordingLog"/>. NUnit runs this SetUp before a derived class's and this TearDown after it.
/// </summary>
public abstract class TempDirectoryTest
{
    protected TempDirectory Working { get; private set; } = null!;

    protected RecordingLog Log { get; private set; } = null!;

    [SetUp]
    public void CreateWorkingDirectory()
    {
        Working = new TempDirectory();
        Log = new RecordingLog();
    }

    [TearDown]
    public void DeleteWorkingDirectory() => Working.Dispose();
}
