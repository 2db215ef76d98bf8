using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace DataPort.Identity.Hosting;

/// <summary>Encrypts Data Protection master keys with the key-encryption key before they reach the database.</summary>
internal sealed class KeyEncryptionXmlEncryptor(KeyEncryption encryption) : IXmlEncryptor
{
    public const string AssociatedData = "DataPort.DataProtection";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var element = new XElement("encryptedKey",
            new XComment(" AES-256-GCM with Identity:KeyEncryptionKey "),
            new XElement("value", Convert.ToBase64String(encryption.Encrypt(plaintext, AssociatedData))));
        return new EncryptedXmlInfo(element, typeof(KeyEncryptionXmlDecryptor));
    }
}

/// <summary>Created by Data Protection through its (IServiceProvider) constructor when a key ring is read.</summary>
internal sealed class KeyEncryptionXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var encryption = (KeyEncryption)services.GetService(typeof(KeyEncryption))!;
        var blob = Convert.FromBase64String((string)encryptedElement.Element("value")!);
        return XElement.Parse(Encoding.UTF8.GetString(encryption.Decrypt(blob, KeyEncryptionXmlEncryptor.AssociatedData)));
    }
}
