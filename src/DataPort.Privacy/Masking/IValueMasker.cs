namespace DataPort.Privacy.Masking;

/// <summary>Masks one value of a column. Empty values stay empty: there is nothing in them to hide.</summary>
public interface IValueMasker
{
    string Mask(string value);
}
