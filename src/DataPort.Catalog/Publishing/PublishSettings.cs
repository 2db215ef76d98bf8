using System.Security.Cryptography;
using System.Text;
using DataPort.Privacy.Policy;

namespace DataPort.Catalog.Publishing;

/// <summary>How a first release of each catalog dataset is made.</summary>
/// <param name="Rows">Synthetic rows generated per dataset before masking.</param>
/// <param name="OutputDirectory">Masked Parquet goes to <c>OutputDirectory/DATASET/vN.parquet</c>, the pipeline report beside it.</param>
/// <param name="PseudonymMasterKey">Master key each dataset's pseudonym key is derived from (see <see cref="DatasetSecret"/>).</param>
/// <param name="Policy">The masking policy; the embedded default when not given.</param>
public sealed record PublishSettings(long Rows, string OutputDirectory, byte[] PseudonymMasterKey, MaskingPolicy? Policy = null)
{
    public const long DefaultRows = 2000;

    /// <summary>
    /// The dataset's pseudonym key, derived exactly as the jobs' pipeline runner derives it (HKDF-SHA256 with
    /// info <c>dataport/pseudonyms/DATASET</c>), so a release made here and a later one made by a job with
    /// the same master key pseudonymise a person identically and joins across versions keep working.
    /// </summary>
    public static byte[] DatasetSecret(byte[] masterKey, string datasetId) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, salt: [], info: Encoding.UTF8.GetBytes("dataport/pseudonyms/" + datasetId));
}
