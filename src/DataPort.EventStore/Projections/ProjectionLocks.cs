using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace DataPort.EventStore.Projections;

/// <summary>Advisory-lock keys: a stable 64-bit number per purpose, the same in every process.</summary>
public static class ProjectionLocks
{
    public static long KeyFor(string purpose) =>
        BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes("dataport:" + purpose)));

    public static long ProjectionKey(string projectionName) => KeyFor("projection:" + projectionName);
}
