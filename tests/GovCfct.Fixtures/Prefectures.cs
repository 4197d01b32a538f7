using System.Collections.Immutable;

namespace GovCfct.Fixtures;

/// <summary>The 47 prefectures with their number of municipalities (1,718 cities, towns and villages plus Tokyo's 23 special wards = 1,741).</summary>
public static class Prefectures
{
    public static ImmutableArray<(string Name, int Municipalities)> All { get; } =
    [
        ("Hokkaido", 179), ("Aomori", 40), ("Iwate", 33), ("Miyagi", 35), ("Akita", 25), ("Yamagata", 35),
        ("Fukushima", 59), ("Ibaraki", 44), ("Tochigi", 25), ("Gunma", 35), ("Saitama", 63), ("Chiba", 54),
        ("Tokyo", 62), ("Kanagawa", 33), ("Niigata", 30), ("Toyama", 15), ("Ishikawa", 19), ("Fukui", 17),
        ("Yamanashi", 27), ("Nagano", 77), ("Gifu", 42), ("Shizuoka", 35), ("Aichi", 54), ("Mie", 29),
        ("Shiga", 19), ("Kyoto", 26), ("Osaka", 43), ("Hyogo", 41), ("Nara", 39), ("Wakayama", 30),
        ("Tottori", 19), ("Shimane", 19), ("Okayama", 27), ("Hiroshima", 23), ("Yamaguchi", 19), ("Tokushima", 24),
        ("Kagawa", 17), ("Ehime", 20), ("Kochi", 34), ("Fukuoka", 60), ("Saga", 20), ("Nagasaki", 21),
        ("Kumamoto", 45), ("Oita", 18), ("Miyazaki", 26), ("Kagoshima", 43), ("Okinawa", 41),
    ];
}
