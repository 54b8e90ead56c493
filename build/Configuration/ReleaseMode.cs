namespace Build.Configuration;

/// <summary>Rehearsal runs everything against loopback with an ephemeral key; Publish releases for real.</summary>
public enum ReleaseMode
{
    Rehearsal,
    Publish,
}
