namespace LedgerGrpc.Ledger.Internal;

/// <summary>Word lists the seeder draws plausible Chinese customer data from.</summary>
internal static class SeedNames
{
    public static readonly string[] Cities = ["上海", "北京", "深圳", "广州", "杭州", "成都", "武汉", "南京", "苏州", "重庆", "西安", "天津", "青岛", "厦门", "长沙", "宁波"];
    public static readonly string[] Words = ["星辰", "华彩", "恒通", "宏达", "瑞丰", "金桥", "远航", "新源", "启明", "鼎盛", "博雅", "天成", "汇智", "联创", "嘉禾", "盛世", "云帆", "中科", "东方", "海纳", "永信", "安泰", "正道", "卓越"];
    public static readonly string[] Trades = ["贸易", "科技", "电子", "食品", "物流", "建材", "医药", "服饰", "机械", "文化", "网络", "化工"];
    public static readonly string[] Suffixes = ["有限公司", "有限公司", "有限公司", "股份有限公司", "有限责任公司", "集团有限公司"];
    public static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "高", "罗"];
    public static readonly string[] Given = ["伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "艳", "杰", "军", "涛", "明", "超", "秀英", "建华", "晓东", "海燕", "志强", "丽娟"];
    public static readonly string[] Industries = ["retail", "manufacturing", "logistics", "healthcare", "software", "food", "construction", "education", "finance", "energy"];
    public static readonly string[] Regions = ["east", "north", "south", "central", "southwest", "northwest", "northeast"];
    public static readonly string[] Sizes = ["micro", "small", "medium", "large"];
    public static readonly string[] Channels = ["online", "store", "partner", "sales-rep"];
    public static readonly string[] Products = ["标准套餐", "高级套餐", "配件", "耗材", "维保服务", "定制开发", "培训", "硬件设备"];
    public static readonly string[] MobilePrefixes = ["138", "139", "136", "150", "151", "158", "186", "187", "131", "177", "199"];
    public static readonly string[] Domains = ["qq.com", "163.com", "126.com", "example.cn", "corp.example.com"];

    public static T Pick<T>(this Random random, T[] items) => items[random.Next(items.Length)];
}
