namespace DataPort.Privacy.Detection;

/// <param name="SampleSize">Rows read from the start of the file to classify on.</param>
/// <param name="MinConfidence">A column is called an entity only at or above this confidence.</param>
/// <param name="FreeTextMinShare">Share of sampled texts that must embed an identifier for free_text_with_pii.</param>
/// <param name="HeaderBoost">How far a supporting header moves confidence towards 1 (0.5 = half the remaining distance).</param>
/// <param name="HeaderPenalty">Multiplier applied when the header names an unrelated identifier (订单号).</param>
public sealed record ClassificationSettings(
    int SampleSize = 1000,
    double MinConfidence = 0.6,
    double FreeTextMinShare = 0.1,
    double HeaderBoost = 0.5,
    double HeaderPenalty = 0.4);
