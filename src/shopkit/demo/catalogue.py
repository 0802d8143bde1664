"""What the demo shop sells: six categories of fresh food."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class DemoSKU:
    name: str
    caption: str
    price: str
    unit: str = "份"
    sale_value: str | None = None


@dataclass(frozen=True)
class DemoSPU:
    name: str
    colour: str
    origin: str
    weight: str
    skus: tuple[DemoSKU, ...]
    sale_attribute: str | None = None
    description: str = ""


@dataclass(frozen=True)
class DemoCategory:
    name: str
    colour: str
    spus: tuple[DemoSPU, ...] = field(default_factory=tuple)


def single(
    name: str, caption: str, price: str, colour: str, origin: str, weight: str, unit: str = "份"
) -> DemoSPU:
    return DemoSPU(name, colour, origin, weight, (DemoSKU(name, caption, price, unit),))


CATEGORIES = (
    DemoCategory("新鲜水果", "#e53935", (
        DemoSPU("丹东草莓", "#e53935", "辽宁丹东", "按规格", (
            DemoSKU("丹东草莓 500g", "九九草莓，酸甜多汁", "29.90", "盒", "500g"),
            DemoSKU("丹东草莓 1kg", "九九草莓，家庭装", "55.00", "盒", "1kg"),
        ), "规格", "<p>丹东九九草莓，<b>当天采摘</b>，冷链直达。</p>"),
        single("阳光玫瑰葡萄", "香甜无籽", "39.80", "#8bc34a", "云南", "1kg", "串"),
        single("安岳黄柠檬", "皮薄多汁", "12.90", "#fdd835", "四川安岳", "500g", "袋"),
        single("徐香猕猴桃", "软糯香甜", "25.80", "#7cb342", "陕西周至", "1kg", "盒"),
    )),
    DemoCategory("海鲜水产", "#1e88e5", (
        single("青岛大青虾", "野生海捕，个大肉鲜", "68.00", "#90caf9", "山东青岛", "500g", "盒"),
        single("獐子岛扇贝", "鲜活扇贝", "45.00", "#ffcc80", "辽宁大连", "1kg", "袋"),
        single("冷冻秋刀鱼", "肉质细嫩", "19.90", "#78909c", "北太平洋", "500g", "袋"),
        single("基围虾", "鲜活发货", "58.00", "#ef9a9a", "广东湛江", "500g", "盒"),
    )),
    DemoCategory("猪牛羊肉", "#8d6e63", (
        single("澳洲肥牛卷", "火锅必备", "49.90", "#d32f2f", "澳大利亚", "500g", "盒"),
        single("黑猪肋排", "散养黑猪", "59.00", "#c62828", "吉林", "1kg", "袋"),
        single("内蒙羊肉卷", "草原羔羊", "45.80", "#e57373", "内蒙古", "500g", "盒"),
        single("谷饲牛腱子", "卤味首选", "72.00", "#a1887f", "宁夏", "1kg", "块"),
    )),
    DemoCategory("禽类蛋品", "#fbc02d", (
        DemoSPU("农家土鸡蛋", "#ffb74d", "湖北", "按规格", (
            DemoSKU("农家土鸡蛋 15枚", "林下散养", "19.90", "盒", "15枚"),
            DemoSKU("农家土鸡蛋 30枚", "林下散养，家庭装", "36.00", "盒", "30枚"),
        ), "数量"),
        single("咸鸭蛋", "流油起沙", "16.80", "#4db6ac", "江苏高邮", "6枚", "盒"),
        single("三黄鸡", "整只现杀", "42.00", "#ffe082", "广东清远", "1.2kg", "只"),
        single("鸡翅中", "烧烤必备", "32.90", "#ffcc80", "山东", "500g", "袋"),
    )),
    DemoCategory("新鲜蔬菜", "#43a047", (
        single("有机西兰花", "脆嫩清甜", "9.90", "#2e7d32", "云南", "500g", "颗"),
        single("水果胡萝卜", "可生吃", "6.80", "#fb8c00", "山东寿光", "500g", "袋"),
        single("黄心土豆", "软糯香甜", "5.50", "#d4a373", "甘肃定西", "1kg", "袋"),
        single("普罗旺斯番茄", "沙瓤多汁", "12.80", "#e53935", "山东寿光", "1kg", "盒"),
    )),
    DemoCategory("速冻食品", "#5e35b1", (
        single("三鲜水饺", "皮薄馅大", "22.90", "#ffd180", "河北", "1kg", "袋"),
        single("黑芝麻汤圆", "软糯香甜", "15.90", "#9575cd", "浙江宁波", "500g", "袋"),
        single("鲜肉馄饨", "早餐好选择", "18.80", "#ffab91", "上海", "500g", "袋"),
        single("蛋黄鲜肉粽", "嘉兴风味", "29.90", "#a5d6a7", "浙江嘉兴", "6只", "盒"),
    )),
)  # fmt: skip
