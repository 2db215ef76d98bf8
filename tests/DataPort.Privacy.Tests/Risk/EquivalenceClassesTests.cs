using DataPort.Privacy.Risk;

namespace DataPort.Privacy.Tests.Risk;

public class EquivalenceClassesTests
{
    [Fact]
    public void Given_classes_of_3_and_1_When_assessed_for_k_2_Then_one_row_must_go_and_k_becomes_3()
    {
        var classes = new EquivalenceClasses();
        foreach (var tuple in new[] { new[] { "30-39", "思明区" }, ["30-39", "思明区"], ["30-39", "思明区"], ["70-79", "翔安区"] })
        {
            classes.Add(classes.KeyOf(tuple));
        }
        var assessment = classes.Assess(2);
        Assert.False(assessment.Passes);
        Assert.Equal(1, assessment.KBefore);
        Assert.Equal(1, assessment.RowsBelowK);
        Assert.Equal(3, assessment.KAfterSuppression);
        Assert.Equal(2, classes.Classes);
    }

    [Fact]
    public void Given_values_that_would_collide_when_concatenated_When_keyed_Then_they_stay_apart()
    {
        var classes = new EquivalenceClasses();
        Assert.NotEqual(classes.KeyOf(["ab", "c"]), classes.KeyOf(["a", "bc"]));
    }
}
