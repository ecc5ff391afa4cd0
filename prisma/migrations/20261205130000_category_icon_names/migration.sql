-- Category icons were emoji, which show as empty boxes on devices without an emoji font; they are
-- now names of SVG icons (shared/category-icons.ts). Known emoji become their icon; anything else
-- becomes '' (the page shows the name's initial, as for a category without an icon), so an old
-- row never reaches the page as a value it cannot draw. The variation selector U+FE0F is dropped
-- first: the same emoji is stored with and without it.
UPDATE categories SET icon = CASE replace(btrim(icon), U&'\FE0F', '')
    WHEN U&'\+01F310' THEN 'globe'            -- 🌐
    WHEN U&'\+01F30D' THEN 'globe'            -- 🌍
    WHEN U&'\+01F30F' THEN 'globe'            -- 🌏
    WHEN U&'\+01F4F1' THEN 'smartphone'       -- 📱
    WHEN U&'\2699'    THEN 'cloud'            -- ⚙ (the seeded DevOps & Cloud)
    WHEN U&'\2601'    THEN 'cloud'            -- ☁
    WHEN U&'\+01F916' THEN 'bot'              -- 🤖
    WHEN U&'\+01F4BC' THEN 'briefcase'        -- 💼
    WHEN U&'\+01F680' THEN 'rocket'           -- 🚀
    WHEN U&'\+01F4AC' THEN 'messages-square'  -- 💬
    WHEN U&'\+01F5E8' THEN 'messages-square'  -- 🗨
    WHEN U&'\+01F4BB' THEN 'code'             -- 💻
    WHEN U&'\+01F5A5' THEN 'server'           -- 🖥
    WHEN U&'\+01F512' THEN 'shield'           -- 🔒
    WHEN U&'\+01F6E1' THEN 'shield'           -- 🛡
    WHEN U&'\+01F3A8' THEN 'palette'          -- 🎨
    WHEN U&'\+01F3AE' THEN 'gamepad'          -- 🎮
    WHEN U&'\+01F4DA' THEN 'book-open'        -- 📚
    WHEN U&'\+01F4D6' THEN 'book-open'        -- 📖
    WHEN U&'\+01F393' THEN 'graduation-cap'   -- 🎓
    WHEN U&'\+01F4A1' THEN 'lightbulb'        -- 💡
    WHEN U&'\+01F527' THEN 'wrench'           -- 🔧
    WHEN U&'\+01F6E0' THEN 'wrench'           -- 🛠
    WHEN U&'\+01F4E3' THEN 'megaphone'        -- 📣
    WHEN U&'\+01F4E2' THEN 'megaphone'        -- 📢
    ELSE ''
  END
WHERE icon NOT IN ('globe', 'smartphone', 'cloud', 'bot', 'briefcase', 'rocket', 'messages-square', 'code', 'terminal',
  'database', 'server', 'cpu', 'shield', 'palette', 'gamepad', 'book-open', 'graduation-cap', 'lightbulb', 'wrench', 'megaphone');
