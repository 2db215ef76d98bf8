namespace DataPort.Catalog.Uploads;

/// <summary>The file cannot become a draft as it is (encoding, shape, columns); <see cref="Line"/> and <see cref="Column"/> point into it when known.</summary>
public sealed class UploadRejectedException(string message, long? line = null, long? column = null) : Exception(message)
{
    public long? Line { get; } = line;

    public long? Column { get; } = column;
}

/// <summary>The upload is larger than <c>Uploads:MaxBytes</c>.</summary>
public sealed class UploadTooLargeException(long maxBytes)
    : Exception($"The upload is larger than the {maxBytes:N0} bytes this port accepts; split the file, or ask an operator to raise the limit.")
{
    public long MaxBytes { get; } = maxBytes;
}
