namespace Build.State;

/// <summary>
/// The annotated task writes nothing under artifacts/ that a release run keeps (version, state, image, signatures, the
/// bundle): a run whose planned tasks all carry it takes no <see cref="RunLock"/>, so it can run beside a release or a
/// Verify (whose tests run Lint and CheckDeploy on the repository while Verify holds the lock).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class WritesNoReleaseStateAttribute : Attribute;
