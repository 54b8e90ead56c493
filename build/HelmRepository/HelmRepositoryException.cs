namespace Build.HelmRepository;

/// <summary>The Helm repository's index or files cannot be read or written, or would lose or change an entry; the message says what to do.</summary>
public sealed class HelmRepositoryException : Exception
{
    public HelmRepositoryException(string message)
        : base(message)
    {
    }

    public HelmRepositoryException(string message, Exception innerException, bool transient = false)
        : base(message, innerException)
    {
        IsTransient = transient;
    }

    /// <summary>GitHub did not answer, or answered 408, 429 or 5xx: running the same step again may pass.</summary>
    public bool IsTransient { get; }
}
