// The icons the menu may name (meta.icon). Listed one by one so the bundle carries only these.
import {
  HomeFilled, Monitor, Lock, OfficeBuilding, User, UserFilled, Upload, Download, DataAnalysis,
  Document, Key, Setting, List, Histogram, Tickets, Avatar, Stamp, Calendar, Position, Bell, Wallet,
} from '@element-plus/icons-vue';

export const menuIcons = {
  HomeFilled, Monitor, Lock, OfficeBuilding, User, UserFilled, Upload, Download, DataAnalysis,
  Document, Key, Setting, List, Histogram, Tickets, Avatar, Stamp, Calendar, Position, Bell, Wallet,
};
