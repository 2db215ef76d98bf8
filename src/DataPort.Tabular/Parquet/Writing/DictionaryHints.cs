using Parquet;

namespace DataPort.Tabular.Parquet.Writing;

/// <summary>
/// Parquet.Net tries a dictionary on every row group of a text column hinted for one, and for a column of unique
/// values (identifiers, pseudonyms, free text) the attempt hashes every value only to be thrown away: about a
/// third of such a column's encoding time. The first row group's opening values tell which columns are like
/// that, and their hint is dropped for the rest of the file. Parquet.Net reads the hints as it writes each
/// chunk, so this runs on the thread that writes row groups, between them.
/// </summary>
internal static class DictionaryHints
{
    private const int Sample = 4096;

    /// <summary>Parquet.Net keeps a dictionary only while distinct values stay under this share (its default).</summary>
    private const double UniqueShare = 0.8;

    public static void DropWhereUnique(ParquetOptions options, ColumnBuffer[] columns)
    {
        foreach (var column in columns)
        {
            if (column is SliceColumnBuffer<char> text && text.Rows >= Sample && text.DistinctShare(Sample) > UniqueShare)
            {
                options.ColumnEncodingHints.Remove(column.Field.Name);
            }
        }
    }
}
