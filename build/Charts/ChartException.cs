namespace Build.Charts;

/// <summary>A chart could not be read, packaged or pushed because of its content; the message names the file and the fix.</summary>
public sealed class ChartException(string message, Exception? innerException = null) : Exception(message, innerException);
