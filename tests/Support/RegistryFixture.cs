namespace Build.Tests.Support;

/// <summary>A test class's own registry process, started once before its tests and stopped by PID after them, with a plain-HTTP reader of it.</summary>
public abstract class RegistryFixture
{
    protected RegistryProcess Registry { get; private set; } = null!;

    protected RegistryHttp Http { get; private set; } = null!;

    [OneTimeSetUp]
    public void StartRegistry()
    {
        Registry = new RegistryProcess();
        Http = new RegistryHttp(Registry.Address);
    }

    [OneTimeTearDown]
    public void StopRegistry()
    {
        Http.Dispose();
        Registry.Dispose();
    }
}
