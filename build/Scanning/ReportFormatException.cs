namespace Build.Scanning;

/// <summary>A report file is not what its parser expects; the message names the file and what is wrong.</summary>
public sealed class ReportFormatException(string message, Exception? inner = null) : Exception(message, inner);
