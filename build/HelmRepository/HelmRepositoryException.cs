namespace Build.HelmRepository;

/// <summary>The Helm repository's index or files cannot be read or written, or would lose or change an entry; the message says what to do.</summary>
public sealed class HelmRepositoryException : Exception
{
    public HelmRepositoryException(string message)
        : base(message)
    {
    }

    public HelmRepositoryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
